/** A failure from the host or the engine, in the current language, with the other language beneath. */
import type { HostFailure } from '../../../shared/host/contract';
import { useI18n } from '../i18n/i18n';

export function ErrorBox({ failure, onClose }: { failure: HostFailure; onClose?: () => void }) {
  const { t, lang } = useI18n();
  return (
    <div className="error-box" role="alert">
      <strong>{t('errorTitle')}</strong>
      <p>{failure.text[lang]}</p>
      <p className="muted small" lang={lang === 'vi' ? 'en' : 'vi'}>
        {failure.text[lang === 'vi' ? 'en' : 'vi']}
      </p>
      {onClose && (
        <button type="button" className="link-button" onClick={onClose}>
          {t('close')}
        </button>
      )}
    </div>
  );
}
