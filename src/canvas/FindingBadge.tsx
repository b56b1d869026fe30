import { memo } from 'react';
import { useFindingBadge } from '../store/useFindings';
import './finding-badge.css';

/**
 * The findings mark of a component, cluster or server on the canvas: red for an error, amber
 * for a warning, `SPOF` or `!`, every finding as plain text in the tooltip. It subscribes to
 * its own id's badge, so a finding change re-renders this badge only, not the node around it.
 */
export const FindingBadge = memo(function FindingBadge({ id }: { id: string }) {
  const badge = useFindingBadge(id);
  if (!badge) return null;
  const summary =
    badge.count === 1 ? `1 ${badge.tone}` : `${badge.count} findings (worst: ${badge.tone})`;
  return (
    <span
      className="ab-finding-badge"
      data-tone={badge.tone}
      title={badge.title}
      role="img"
      aria-label={`${summary}: ${badge.title}`}
    >
      {badge.text}
      {badge.count > 1 ? <span className="ab-finding-badge__count">{badge.count}</span> : null}
    </span>
  );
});
