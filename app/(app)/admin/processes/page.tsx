import { ProcessesPage } from './ProcessesPage';

export default function Processes() {
  return <ProcessesPage />;
}
