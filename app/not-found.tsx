import { NotFound } from '@/components/common/NotFound';

export default function NotFoundPage() {
  return <NotFound />;
}
