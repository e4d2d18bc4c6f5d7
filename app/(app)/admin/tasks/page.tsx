import { AdminTasksPage } from './AdminTasksPage';

export default function AdminTasks() {
  return <AdminTasksPage />;
}
