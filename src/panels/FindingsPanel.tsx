import { useReactFlow } from '@xyflow/react';
import {
  ChevronRight,
  CircleAlert,
  CircleCheck,
  CircleDashed,
  ShieldCheck,
  TriangleAlert,
  Wrench,
} from 'lucide';
import {
  memo,
  useCallback,
  useId,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type RefObject,
} from 'react';
import { useShallow } from 'zustand/react/shallow';
import { KindIcon } from '../canvas/KindIcon';
import type { IconNode } from '../model/catalogue';
import type { ChecklistItem, Finding, Report, RuleId } from '../rules';
import { useDesignStore, useReport, useStoreApi, type DesignStoreState } from '../store';
import {
  applyFindingFix,
  findingLabels,
  groupFindings,
  selectionForFinding,
} from '../store/findings';
import './findings.css';

const ICON = {
  error: CircleAlert as IconNode,
  warning: TriangleAlert as IconNode,
  ok: ShieldCheck as IconNode,
  fix: Wrench as IconNode,
  passed: CircleCheck as IconNode,
  missing: CircleDashed as IconNode,
  chevron: ChevronRight as IconNode,
};

/** How many findings of one severity are listed before a "Show all" button. */
const LIST_LIMIT = 50;

/** Rules whose `nodes` are an edge's two ends (`[source, target]`): shown as "A → B". */
const EDGE_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  'replica-write',
  'replication-direction',
  'tier-order',
]);

/** Rules that mean "no SPOF can be judged" or "a SPOF was found". */
const SPOF_BLOCKERS: ReadonlySet<RuleId> = new Set<RuleId>([
  'spof',
  'server-spof',
  'no-user',
  'no-path',
]);

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Ids of everything selected (components, clusters, servers), for "this finding is about it". */
function selectSelectedIds(s: DesignStoreState): string[] {
  const { nodes, clusters, servers } = s.selection;
  if (nodes.length + clusters.length + servers.length === 0) return EMPTY;
  return [...nodes, ...clusters, ...servers];
}
const EMPTY: string[] = [];

/**
 * The Findings region (DESIGN.md §3, §5): what the rules engine says about the design, by
 * severity, each finding naming its components (a click selects and frames them) and offering
 * its one-click fix; then the documented-design checklist.
 */
export const FindingsPanel = memo(function FindingsPanel() {
  const report = useReport();
  const { errors, warnings } = groupFindings(report);
  const selected = useDesignStore(useShallow(selectSelectedIds));
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const listRef = useRef<HTMLDivElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const noSpof = !report.findings.some((f) => SPOF_BLOCKERS.has(f.rule));

  return (
    <section className="ab-panel ab-findings" aria-label="Findings" tabIndex={-1}>
      <div className="ab-findings__head">
        <h2 className="ab-section-title" id="ab-findings-title">
          Findings
        </h2>
        <p className="ab-findings__counts">
          <span className="ab-count" data-tone={errors.length > 0 ? 'error' : 'none'}>
            {plural(errors.length, 'error')}
          </span>
          <span className="ab-count" data-tone={warnings.length > 0 ? 'warning' : 'none'}>
            {plural(warnings.length, 'warning')}
          </span>
        </p>
      </div>
      <div className="ab-findings__body" ref={listRef}>
        {noSpof ? (
          <p className="ab-findings__ok">
            <KindIcon icon={ICON.ok} size={16} />
            <span>No single point of failure found</span>
          </p>
        ) : null}
        {report.findings.length === 0 ? (
          <p className="ab-muted ab-findings__clear">
            Nothing to flag: this design passes every rule. Fail a component to watch the others
            take over.
          </p>
        ) : null}
        <FindingGroup
          title="Errors"
          tone="error"
          findings={errors}
          selected={selectedSet}
          listRef={listRef}
          onFixed={setAnnouncement}
        />
        <FindingGroup
          title="Warnings"
          tone="warning"
          findings={warnings}
          selected={selectedSet}
          listRef={listRef}
          onFixed={setAnnouncement}
        />
        <p className="ab-visually-hidden" role="status">
          {announcement}
        </p>
      </div>
      <Checklist report={report} />
    </section>
  );
});

function FindingGroup({
  title,
  tone,
  findings,
  selected,
  listRef,
  onFixed,
}: {
  title: string;
  tone: 'error' | 'warning';
  findings: Finding[];
  selected: ReadonlySet<string>;
  listRef: RefObject<HTMLDivElement | null>;
  onFixed: (message: string) => void;
}) {
  const [showAll, setShowAll] = useState(false);
  if (findings.length === 0) return null;
  const shown = showAll ? findings : findings.slice(0, LIST_LIMIT);
  const id = `ab-findings-${tone}`;
  return (
    <div className="ab-findings__group" data-tone={tone}>
      <h3 className="ab-findings__group-title" id={id}>
        <KindIcon icon={ICON[tone]} size={14} />
        <span>{title}</span>
        <span className="ab-findings__group-count">{findings.length}</span>
      </h3>
      <ul className="ab-findings__list" aria-labelledby={id}>
        {shown.map((finding, index) => (
          <FindingItem
            // Findings have no id; rule + what it names is unique except for parallel edges.
            key={`${finding.rule}:${finding.nodes.join(',')}:${index}`}
            finding={finding}
            active={finding.nodes.some((n) => selected.has(n))}
            listRef={listRef}
            onFixed={onFixed}
          />
        ))}
      </ul>
      {shown.length < findings.length ? (
        <button
          type="button"
          className="ab-button ab-button--small ab-findings__more"
          onClick={() => setShowAll(true)}
        >
          Show all {findings.length} {title.toLowerCase()}
        </button>
      ) : null}
    </div>
  );
}

const FindingItem = memo(function FindingItem({
  finding,
  active,
  listRef,
  onFixed,
}: {
  finding: Finding;
  active: boolean;
  listRef: RefObject<HTMLDivElement | null>;
  onFixed: (message: string) => void;
}) {
  const store = useStoreApi();
  const flow = useReactFlow();
  const item = useRef<HTMLLIElement>(null);
  // Labels are part of what the rules read: a new label gives a new report, so new findings.
  const names = useMemo(
    () =>
      findingLabels(store.getState().design, finding).join(
        EDGE_RULES.has(finding.rule) ? ' → ' : ', ',
      ),
    [store, finding],
  );

  const show = useCallback(() => {
    const keep = keepInPlace(item.current);
    const state = store.getState();
    const selection = selectionForFinding(state.design, finding);
    state.setSelection(selection);
    const ids = [...selection.nodes, ...selection.clusters, ...selection.servers];
    if (ids.length > 0) {
      void flow.fitView({
        nodes: ids.map((id) => ({ id })),
        padding: 0.45,
        maxZoom: 1.1,
        duration: 250,
      });
    }
    // The inspector above grows with the selection: the clicked finding stays under the pointer.
    requestAnimationFrame(keep);
  }, [store, flow, finding]);

  const canShow = finding.nodes.length > 0;
  const onCardClick = useCallback(
    (event: MouseEvent<HTMLLIElement>) => {
      // Buttons inside the card (the title, the fix) act for themselves; selected text stays.
      if ((event.target as Element).closest('button')) return;
      if (window.getSelection()?.isCollapsed === false) return;
      show();
    },
    [show],
  );

  const fix = finding.fix;
  const applyFix = useCallback(() => {
    if (!fix) return;
    const keep = keepInPlace(listRef.current, false);
    if (applyFindingFix(store, fix)) {
      onFixed(`Applied: ${fix.label}. Undo puts it back.`);
      // The fixed finding (and this button) is gone: keep the keyboard in the findings, and
      // the list where it was while the inspector above shows what the fix added.
      requestAnimationFrame(() => {
        listRef.current?.closest('section')?.focus({ preventScroll: true });
        keep();
      });
    }
  }, [store, fix, onFixed, listRef]);

  const messageId = useId();
  return (
    // The whole card selects for the mouse; the button is the keyboard's and screen readers' way.
    <li
      ref={item}
      className={['ab-finding', active ? 'is-active' : '', canShow ? 'can-show' : ''].join(' ')}
      data-severity={finding.severity}
      data-rule={finding.rule}
      onClick={canShow ? onCardClick : undefined}
    >
      {canShow ? (
        <button
          type="button"
          className="ab-finding__main"
          onClick={show}
          title="Select on the canvas"
          aria-describedby={messageId}
        >
          <FindingTitle rule={finding.rule} names={names} />
        </button>
      ) : (
        <div className="ab-finding__main">
          <FindingTitle rule={finding.rule} names={names} />
        </div>
      )}
      <p className="ab-finding__message" id={messageId}>
        {finding.message}
      </p>
      {fix ? (
        <button
          type="button"
          className="ab-button ab-button--small ab-finding__fix"
          onClick={applyFix}
          title="Apply this fix (one undo step)"
        >
          <KindIcon icon={ICON.fix} size={14} />
          <span>{fix.label}</span>
        </button>
      ) : null}
    </li>
  );
});

/** The nearest ancestor that scrolls vertically. */
function scrollParent(element: HTMLElement): HTMLElement | undefined {
  for (let el = element.parentElement; el; el = el.parentElement) {
    const overflow = getComputedStyle(el).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && el.scrollHeight > el.clientHeight)
      return el;
  }
  return undefined;
}

/**
 * Remembers where `element` is on screen; the returned function scrolls its container so it is
 * there again (after content above it grew or shrank), and with `reveal` at least in view.
 */
function keepInPlace(element: HTMLElement | null, reveal = true): () => void {
  if (!element) return () => {};
  const top = element.getBoundingClientRect().top;
  return () => {
    const scroller = scrollParent(element);
    if (scroller) scroller.scrollTop += element.getBoundingClientRect().top - top;
    if (reveal) element.scrollIntoView({ block: 'nearest' });
  };
}

function FindingTitle({ rule, names }: { rule: RuleId; names: string }) {
  return (
    <span className="ab-finding__top">
      <code className="ab-finding__rule">{rule}</code>{' '}
      {names ? <span className="ab-finding__names">{names}</span> : null}
    </span>
  );
}

function Checklist({ report }: { report: Report }) {
  const [open, setOpen] = useState(true);
  const items = report.checklist;
  const passed = items.filter((i) => i.passed).length;
  const total = items.length;
  return (
    <details className="ab-checklist" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="ab-checklist__summary">
        <KindIcon icon={ICON.chevron} size={14} className="ab-checklist__chevron" />
        <span className="ab-checklist__title">
          Documented design: {passed}/{total}
        </span>
        <span
          className="ab-checklist__meter"
          aria-hidden="true"
          data-complete={passed === total ? 'true' : 'false'}
        >
          <span style={{ width: `${total > 0 ? (100 * passed) / total : 0}%` }} />
        </span>
      </summary>
      <p className="ab-checklist__intro">The scale-up design of the course, item by item.</p>
      {/* Not a list: the region's list items are its findings, one each (DESIGN.md §5). */}
      <div className="ab-checklist__list">
        {items.map((item) => (
          <ChecklistRow key={item.id} item={item} />
        ))}
      </div>
    </details>
  );
}

function ChecklistRow({ item }: { item: ChecklistItem }) {
  return (
    <div className="ab-checklist__item" data-passed={item.passed ? 'true' : 'false'}>
      <KindIcon icon={item.passed ? ICON.passed : ICON.missing} size={16} />
      <span className="ab-checklist__text">
        <span className="ab-visually-hidden">{item.passed ? 'Done: ' : 'Missing: '}</span>
        <span className="ab-checklist__label">{item.label}</span>
        {!item.passed && item.detail ? (
          <span className="ab-checklist__detail">{item.detail}</span>
        ) : null}
      </span>
    </div>
  );
}
