import { SubscriptionsPage } from './SubscriptionsPage';

export default function Subscriptions() {
  return <SubscriptionsPage />;
}
