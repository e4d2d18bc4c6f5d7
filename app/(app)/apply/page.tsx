import { ApplyPage } from './ApplyPage';

export default function Apply() {
  return <ApplyPage />;
}
