/**
 * A modal dialog with its own buttons (the plain Dialog only has "Đóng"): focus moves in, Escape does what
 * the dialog's cancel does (nothing when `onEscape` is absent, e.g. while a step must finish), the page behind
 * is covered.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import './units-merge.css';

interface Props {
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onEscape?: () => void;
  wide?: boolean;
  /** Extra class on the dialog, for tests and styling. */
  className?: string;
}

export function Modal({ title, children, actions, onEscape, wide, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    if (!onEscape) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onEscape();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onEscape]);
  return (
    <div className="dialog-backdrop">
      <div className={`dialog${wide ? ' dialog-wide' : ''}${className ? ` ${className}` : ''}`} role="dialog" aria-modal="true" aria-label={title} tabIndex={-1} ref={ref}>
        <h2>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}
