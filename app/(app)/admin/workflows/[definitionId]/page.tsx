import { WorkflowDesignerPage } from './WorkflowDesignerPage';

export default async function WorkflowDesigner({ params }: { params: Promise<{ definitionId: string }> }) {
  const { definitionId } = await params;
  return <WorkflowDesignerPage definitionId={definitionId} />;
}
