import type { KindUi } from '../kind-ui';
import { LocalSide } from './LocalSide';

/** The local workflow engine's connector: created by the system, edited in the workflow designer. */
export const localUi: KindUi<'local'> = {
  label: 'connectors:kind.local',
  hasDetailPage: false,
  detail: { Side: LocalSide },
  adminCancelsInstances: true,
};
