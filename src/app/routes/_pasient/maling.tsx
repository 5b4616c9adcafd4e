import { createFileRoute } from '@tanstack/react-router';
import { usePageTitle } from '../../features/layout/usePageTitle';

export const Route = createFileRoute('/_pasient/maling')({ component: NewMeasurement });

function NewMeasurement() {
  usePageTitle('Ny måling');
  return <h1>Ny måling</h1>;
}
