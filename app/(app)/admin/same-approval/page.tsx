import { SameApprovalRulesPage } from './SameApprovalRulesPage';

export default function SameApprovalRules() {
  return <SameApprovalRulesPage />;
}
