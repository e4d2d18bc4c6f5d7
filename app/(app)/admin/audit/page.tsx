import { AuditPage } from './AuditPage';

export default function Audit() {
  return <AuditPage />;
}
