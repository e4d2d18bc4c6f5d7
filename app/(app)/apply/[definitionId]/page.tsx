import { StartPage } from './StartPage';

export default async function Start({ params }: { params: Promise<{ definitionId: string }> }) {
  const { definitionId } = await params;
  return <StartPage definitionId={definitionId} />;
}
