import { HealthPage } from './HealthPage';

export default function Health() {
  return <HealthPage />;
}
