import { IdentitiesPage } from './IdentitiesPage';

export default function Identities() {
  return <IdentitiesPage />;
}
