import type { KindUi } from '../kind-ui';

/** The local workflow engine's connector: created by the system, edited in the workflow designer. */
export const localUi: KindUi<'local'> = {
  label: 'connectors:kind.local',
  hasDetailPage: false,
  detail: {},
  adminCancelsInstances: true,
};
