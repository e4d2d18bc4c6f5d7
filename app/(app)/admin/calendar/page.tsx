import { CalendarPage } from './CalendarPage';

export default function Calendar() {
  return <CalendarPage />;
}
