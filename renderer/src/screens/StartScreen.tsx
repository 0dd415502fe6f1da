/** First screen: open the demo, create a file for a year, open a file, or one of the recent files. */
import { useEffect, useState } from 'react';
import type { Host, HostFailure } from '../../../shared/host/contract';
import type { Lang } from '../../../shared/i18n/text';
import { useI18n } from '../i18n/i18n';
import { ErrorBox } from '../components/ErrorBox';

interface Props {
  host: Host;
  busy: boolean;
  error: HostFailure | null;
  lang: Lang;
  onToggleLang: () => void;
  onOpenDemo: () => void;
  onOpenFile: (path?: string) => void;
  onNewFile: (year: number) => void;
}

const YEARS = [2026, 2025];

export function StartScreen({ host, busy, error, onToggleLang, onOpenDemo, onOpenFile, onNewFile }: Props) {
  const { t } = useI18n();
  const [recent, setRecent] = useState<readonly string[]>([]);
  const [year, setYear] = useState(2026);
  useEffect(() => {
    host.recentFiles().then(setRecent, () => setRecent([]));
  }, [host]);

  return (
    <div className="start">
      <header className="start-header">
        <div>
          <p className="agency">{t('agency')}</p>
          <h1>{t('startHeading')}</h1>
        </div>
        <button type="button" className="link-button" onClick={onToggleLang} title={t('languageLabel')} lang={t('language') === 'English' ? 'en' : 'vi'}>
          {t('language')}
        </button>
      </header>
      <main className="start-body" aria-busy={busy}>
        <p className="lead">{t('startLead')}</p>
        {error && <ErrorBox failure={error} />}
        {busy ? (
          <p role="status">{t('loading')}</p>
        ) : (
          <div className="start-actions">
            <button type="button" className="primary" onClick={onOpenDemo}>
              {t('openDemo')}
            </button>
            <div className="new-file">
              <label htmlFor="new-year">{t('newFileYear')}</label>
              <select id="new-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
                {YEARS.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => onNewFile(year)}>
                {t('newFile')}
              </button>
            </div>
            <button type="button" onClick={() => onOpenFile()}>
              {t('openFile')}
            </button>
          </div>
        )}
        <section className="recent" aria-labelledby="recent-title">
          <h2 id="recent-title">{t('recentFiles')}</h2>
          {recent.length === 0 ? (
            <p className="muted">{t('noRecent')}</p>
          ) : (
            <ul>
              {recent.map((p) => (
                <li key={p}>
                  <button type="button" className="link-button" onClick={() => onOpenFile(p)}>
                    {p}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </div>
  );
}
