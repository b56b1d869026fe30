/**
 * The templates as a menu shows them, and a loader for their designs. The designs are built
 * through the parse pipeline (`templates.ts`), so the app loads them on first use rather
 * than at start: the menu needs only this list.
 */
import type { Design } from './types';

export type TemplateId = 'scale-up' | 'simple-stack' | 'distributed' | 'empty';

export interface TemplateInfo {
  id: TemplateId;
  name: string;
  description: string;
}

/** The starting designs, in the order a menu shows them. */
export const TEMPLATE_LIST: readonly TemplateInfo[] = [
  {
    id: 'scale-up',
    name: 'Scale up',
    description:
      'The documented design: two HAProxy load balancers in an active-active cluster, two Nginx web servers, two app servers, a MySQL primary and a replica.',
  },
  {
    id: 'simple-stack',
    name: 'Simple web stack',
    description:
      'One server runs Nginx, the application and MySQL: every part of it is a single point of failure.',
  },
  {
    id: 'distributed',
    name: 'Distributed web infrastructure',
    description:
      'One HAProxy spreads traffic over two servers, each running Nginx, an app server and MySQL (primary on one, replica on the other).',
  },
  { id: 'empty', name: 'Empty board', description: 'Start from nothing.' },
];

/** The template with this id (a fresh copy, safe to change); undefined for an unknown id. */
export async function loadTemplate(id: TemplateId): Promise<Design | undefined> {
  const { getTemplate } = await import('./templates');
  return getTemplate(id);
}
