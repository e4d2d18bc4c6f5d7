import { WorkflowsPage } from './WorkflowsPage';

export default function Workflows() {
  return <WorkflowsPage />;
}
