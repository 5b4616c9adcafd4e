import { createFileRoute } from '@tanstack/react-router';
import { usePageTitle } from '../../features/layout/usePageTitle';

export const Route = createFileRoute('/_pasient/trender')({ component: Trends });

function Trends() {
  usePageTitle('Trender');
  return <h1>Trender</h1>;
}
