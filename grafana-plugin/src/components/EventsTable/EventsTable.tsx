import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import type { EventRow } from '../../services/eventRows.ts';
import { testIds } from '../testIds.ts';
import { SEVERITY_COLOR } from './severityColor.ts';

interface Props {
  rows: EventRow[];
}

const COLUMNS = ['Time', 'Severity', 'Log type', 'Message', 'Error type', 'Service', 'Route'];

export function EventsTable({ rows }: Props) {
  const s = useStyles2(getStyles);
  return (
    <table className={s.table} data-testid={testIds.events.table}>
      <thead>
        <tr>
          {COLUMNS.map((name) => (
            <th key={name} scope="col" className={s.header}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={s.row} data-testid={testIds.events.row}>
            <td className={s.cell}>
              {/* Grafana's formatter follows the user's time zone setting. */}
              <time dateTime={row.time}>{dateTimeFormat(row.time)}</time>
            </td>
            <td className={s.cell}>
              <Badge text={row.severity} color={SEVERITY_COLOR[row.severity]} />
            </td>
            <td className={s.cell}>{row.logType}</td>
            <td className={`${s.cell} ${s.message}`} title={row.message}>
              {row.message}
            </td>
            <td className={s.cell}>{row.errorType ?? '—'}</td>
            <td className={s.cell}>{row.service ?? '—'}</td>
            <td className={`${s.cell} ${s.mono}`}>{row.route ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  header: css({
    textAlign: 'left',
    padding: theme.spacing(1),
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightMedium,
    borderBottom: `1px solid ${theme.colors.border.medium}`,
    whiteSpace: 'nowrap',
  }),
  row: css({
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    '&:hover': { background: theme.colors.action.hover },
  }),
  cell: css({
    padding: theme.spacing(0.75, 1),
    verticalAlign: 'top',
    whiteSpace: 'nowrap',
  }),
  message: css({
    whiteSpace: 'normal',
    wordBreak: 'break-word',
    width: '100%',
  }),
  mono: css({
    fontFamily: theme.typography.fontFamilyMonospace,
  }),
});
