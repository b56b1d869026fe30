/**
 * Every rule, in the fixed order findings are listed (DESIGN.md §3's table). Within a rule,
 * findings follow the design's order of nodes, clusters, servers or edges.
 */
import { appCannotWrite } from './app-cannot-write';
import { colocatedTiers } from './colocated-tiers';
import type { AnalysisContext } from './context';
import { dbSingleWriter } from './db-single-writer';
import { deadEnd } from './dead-end';
import { lbActiveActiveSingleEntry } from './lb-active-active-single-entry';
import { lbNotClustered } from './lb-not-clustered';
import { multiplePrimaries } from './multiple-primaries';
import { noPath } from './no-path';
import { noReplica } from './no-replica';
import { noUser } from './no-user';
import { orphan } from './orphan';
import { replicaUnfed } from './replica-unfed';
import { replicaWrite } from './replica-write';
import { replicationDirection } from './replication-direction';
import { serverSpof } from './server-spof';
import { singlePointOfFailure } from './single-point-of-failure';
import { tierOrder } from './tier-order';
import type { Rule, RuleId } from './types';

export const RULES: readonly Rule<AnalysisContext>[] = [
  noUser,
  noPath,
  singlePointOfFailure,
  dbSingleWriter,
  serverSpof,
  deadEnd,
  lbNotClustered,
  lbActiveActiveSingleEntry,
  noReplica,
  multiplePrimaries,
  replicaUnfed,
  replicaWrite,
  replicationDirection,
  appCannotWrite,
  tierOrder,
  orphan,
  colocatedTiers,
];

/** Rule ids in the order findings are listed. */
export const RULE_ORDER: readonly RuleId[] = RULES.map((r) => r.id);

/** The rules that follow requests from the users: silent when the design has no user or no flow. */
export const FLOW_RULES: readonly RuleId[] = ['no-path', 'spof', 'db-single-writer', 'server-spof'];
