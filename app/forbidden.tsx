import { Forbidden } from '@/components/common/Forbidden';

export default function ForbiddenPage() {
  return <Forbidden />;
}
