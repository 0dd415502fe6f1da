/**
 * The selected unit's score as it stands after the last edit: total, base, bonus, deductions, groups I–V,
 * band, rank, proposal, and the self-assessed score beside the panel's. Every number can be clicked to read
 * how it was computed.
 */
import { useEffect, useState } from 'react';
import type { Text } from '../../../shared/i18n/text';
import { useI18n } from '../i18n/i18n';
import type { UnitScoreView } from '../worker/protocol';

export function ScorePanel({ score, explain }: { score: UnitScoreView | null; explain?: { title: string; text: Text } | null }) {
  const i18n = useI18n();
  const { t, tx, num } = i18n;
  const [why, setWhy] = useState<{ title: string; text: Text } | null>(null);
  // The indicator focused in the grid explains itself here.
  useEffect(() => {
    if (explain) setWhy(explain);
  }, [explain]);
  if (!score) {
    return (
      <aside className="score-panel" aria-label={t('scorePanel')}>
        <p className="muted">{t('scorePanelEmpty')}</p>
      </aside>
    );
  }
  const explainSum = (title: string, codes: string[]) =>
    setWhy({
      title,
      text: {
        vi: score.indicators.filter((i) => codes.includes(i.code)).map((i) => `${i.code} — ${i.explanation.vi}`).join('\n'),
        en: score.indicators.filter((i) => codes.includes(i.code)).map((i) => `${i.code} — ${i.explanation.en}`).join('\n'),
      },
    });
  const Num = ({ value, title, text }: { value: string; title: string; text: Text }) => (
    <button type="button" className="num-button" onClick={() => setWhy({ title, text })}>
      {value}
    </button>
  );
  const items = score.items.filter((i) => i.status !== 'missing');
  return (
    <aside className="score-panel" aria-label={t('scorePanel')}>
      <h2 className="unit-title">{score.name}</h2>
      <div className="total">
        <span className="total-label">{t('total')}</span>
        <Num
          value={i18n.score(score.score)}
          title={t('total')}
          text={{
            vi: `${i18n.score(score.base)} (điểm quy đổi) + ${num(score.bonus)} (thưởng) − ${num(score.deduction)} (trừ) = ${i18n.score(score.score)}`,
            en: `${i18n.score(score.base)} (base) + ${num(score.bonus)} (bonus) − ${num(score.deduction)} (deductions) = ${i18n.score(score.score)}`,
          }}
        />
        <span className={`band band-${score.band.code}`}>{tx(score.band.label)}</span>
      </div>
      {score.bandNote && <p className="band-note small">{tx(score.bandNote)}</p>}
      <dl className="facts">
        <dt>{t('base')}</dt>
        <dd>
          <Num
            value={i18n.score(score.base)}
            title={t('base')}
            text={{
              vi: `100 × ${num(score.groups.reduce((a, g) => a + g.points, 0))} ÷ ${num(score.groups.reduce((a, g) => a + g.max, 0))} (điểm đạt ÷ điểm tối đa được áp dụng)`,
              en: `100 × ${num(score.groups.reduce((a, g) => a + g.points, 0))} ÷ ${num(score.groups.reduce((a, g) => a + g.max, 0))} (earned ÷ applicable maximum)`,
            }}
          />
        </dd>
        <dt>{t('bonus')}</dt>
        <dd>
          <Num value={num(score.bonus)} title={t('bonus')} text={joinItems(score.items.filter((i) => i.code.startsWith('T')))} />
        </dd>
        <dt>{t('deduction')}</dt>
        <dd>
          <Num value={num(score.deduction)} title={t('deduction')} text={joinItems(score.items.filter((i) => i.code.startsWith('D')))} />
        </dd>
        <dt>{t('rank')}</dt>
        <dd>{t('rankOf', { rank: score.rank, size: score.groupSize })}</dd>
        <dt>{t('proposal')}</dt>
        <dd>{score.proposal ? tx(score.proposal.label) : t('noProposal')}</dd>
        <dt>{t('selfVsPanel')}</dt>
        <dd>
          {i18n.score(score.self.score)} / {i18n.score(score.score)}
        </dd>
      </dl>
      <h3>{t('groupsTitle')}</h3>
      <ul className="group-bars">
        {score.groups.map((g) => {
          const share = g.max > 0 ? (100 * g.points) / g.max : 0;
          const codes = score.indicators.filter((i) => i.group === g.code).map((i) => i.code);
          return (
            <li key={g.code}>
              <button type="button" className="group-bar" onClick={() => explainSum(`${g.code}. ${tx(g.name)}`, codes)}>
                <span className="group-label">
                  {g.code}. {tx(g.name)}
                </span>
                <span className="bar" aria-hidden="true">
                  <span style={{ width: `${Math.min(100, share)}%` }} className={share < 70 ? 'low' : ''} />
                </span>
                <span className="group-points">
                  {num(g.points)}/{num(g.max)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {items.length > 0 && (
        <p className="small muted">
          {items.map((i) => `${i.code}: ${num(i.points)}`).join(' · ')}
        </p>
      )}
      <p className="small muted">
        {t('completeness', { entered: score.completeness.entered, applicable: score.completeness.applicable, evidence: score.completeness.withEvidence })}
      </p>
      <section className="why" aria-live="polite">
        <h3>{why ? why.title : t('whyTitle')}</h3>
        <p className="why-text">{why ? tx(why.text) : t('clickForWhy')}</p>
      </section>
    </aside>
  );
}

function joinItems(items: UnitScoreView['items']): Text {
  return {
    vi: items.map((i) => `${i.code} — ${i.explanation.vi}`).join('\n') || '0',
    en: items.map((i) => `${i.code} — ${i.explanation.en}`).join('\n') || '0',
  };
}
