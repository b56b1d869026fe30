/** The lucide icons of the simulation dock, as icon data (drawn by `KindIcon`). */
import {
  Activity,
  ChevronDown,
  ChevronUp,
  CircleCheck,
  CircleX,
  Eraser,
  Pause,
  Play,
  Power,
  Send,
  Square,
  StepBack,
  StepForward,
} from 'lucide';
import type { IconNode } from '../model/catalogue';

export const SIM_ICONS = {
  traffic: Activity as IconNode,
  collapse: ChevronDown as IconNode,
  expand: ChevronUp as IconNode,
  ok: CircleCheck as IconNode,
  broken: CircleX as IconNode,
  clear: Eraser as IconNode,
  pause: Pause as IconNode,
  play: Play as IconNode,
  recover: Power as IconNode,
  send: Send as IconNode,
  stop: Square as IconNode,
  stepBack: StepBack as IconNode,
  stepForward: StepForward as IconNode,
} as const;
