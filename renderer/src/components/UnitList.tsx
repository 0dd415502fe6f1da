/** The units of the year: filter by khối, search by name or code, each with its score, band and completeness. */
import { memo, useDeferredValue, useMemo, useState } from 'react';
import type { Text } from '../../../shared/i18n/text';
import { useI18n, type I18n } from '../i18n/i18n';
import type { UnitListItem } from '../worker/protocol';

interface Props {
  units: UnitListItem[];
  groups: { code: string; name: Text }[];
  selected: string | null;
  onSelect: (code: string) => void;
}

/** What the list draws before its first units: nothing (see below). */
const NOT_YET: UnitListItem[] = [];

/** Re-rendered only when the list, the selection or the groups change (not on every render of the workspace). */
export const UnitList = memo(function UnitList({ units: current, groups, selected, onSelect }: Props) {
  // The units are drawn in a render of their own, after the workspace's first paint (and, later, after the
  // score panel an edit changes): drawing the province's 61 items with the grid held the grid up ~100 ms at
  // start on two cores (npm run bench:ui, start). React draws them as soon as nothing more urgent waits.
  const units = useDeferredValue(current, NOT_YET);
  const { t, tx, score } = useI18n();
  const [group, setGroup] = useState('');
  const [query, setQuery] = useState('');
  // The list shows a group's code ("SO #1"); its name is in the tooltip.
  const groupNames = useMemo(() => new Map(groups.map((g) => [g.code, tx(g.name)])), [groups, tx]);
  const shown = useMemo(() => {
    const q = query.trim().toLocaleLowerCase('vi');
    return units.filter((u) => (!group || u.group === group) && (!q || u.name.toLocaleLowerCase('vi').includes(q) || u.code.includes(q)));
  }, [units, group, query]);

  return (
    <nav className="unit-list" aria-label={t('units')}>
      <div className="unit-filters">
        <select value={group} onChange={(e) => setGroup(e.target.value)} aria-label={t('allGroups')}>
          <option value="">{t('allGroups')}</option>
          {groups.map((g) => (
            <option key={g.code} value={g.code}>
              {tx(g.name)}
            </option>
          ))}
        </select>
        <input type="search" placeholder={t('searchUnits')} aria-label={t('searchUnits')} value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <ul>
        {shown.map((u) => (
          <UnitItem
            key={u.code}
            u={u}
            selected={u.code === selected}
            onSelect={onSelect}
            score={score}
            tx={tx}
            t={t}
            groupName={groupNames.get(u.group) ?? u.group}
          />
        ))}
      </ul>
    </nav>
  );
});

/** One unit of the list; re-rendered only when its item, its selection or the language changes (a national list has thousands). */
const UnitItem = memo(function UnitItem({
  u,
  selected,
  onSelect,
  score,
  tx,
  t,
  groupName,
}: {
  u: UnitListItem;
  selected: boolean;
  onSelect: (code: string) => void;
  score: (n: number) => string;
  tx: (t: Text) => string;
  t: I18n['t'];
  /** The name of the unit's group, for the tooltip that says what the short line (code, rank, completeness) means. */
  groupName: string;
}) {
  return (
    <li>
      <button type="button" className={`unit-item${selected ? ' selected' : ''}`} aria-current={selected} onClick={() => onSelect(u.code)}>
        <span className="unit-name">{u.name}</span>
        <span className="unit-meta">
          <span className={`band band-${u.band}`} title={u.bandNote ? `${tx(u.bandLabel)}: ${tx(u.bandNote)}` : tx(u.bandLabel)}>
            {score(u.score)}
          </span>
          <span className="muted small" title={t('unitListMeta', { rank: u.rank, group: groupName, completeness: u.completeness })}>
            {u.group} #{u.rank} · {u.completeness}%
          </span>
        </span>
        <span className="completeness" aria-hidden="true">
          <span style={{ width: `${u.completeness}%` }} />
        </span>
      </button>
    </li>
  );
});
