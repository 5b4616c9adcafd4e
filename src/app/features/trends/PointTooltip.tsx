// What a chart shows for one reading (hover or keyboard): value, sub-score, time, air or
// oxygen with the scale, and the source. Shared by both chart kinds.
import { formatDateTime, formatNumber } from '../../format/norwegian';
import { airOrOxygenText, type TrendPoint } from './series';

export function PointTooltip(props: { point: TrendPoint | undefined; unit: string; decimals: number }) {
  const p = props.point;
  if (!p || p.v === null) return null;
  return (
    <div className="chart-tooltip">
      <p>
        <strong>
          {formatNumber(p.v, props.decimals)} {props.unit}
        </strong>
        {p.score !== undefined && props.unit !== 'poeng' && <> · {p.score} poeng</>}
      </p>
      <p>{formatDateTime(new Date(p.t).toISOString())}</p>
      {p.scale !== undefined && (
        <p>
          {airOrOxygenText(p)} · skala {p.scale}
        </p>
      )}
      <p>
        Kilde: {p.source ?? 'ukjent'}
        {p.performer && <> · {p.performer}</>}
      </p>
    </div>
  );
}
