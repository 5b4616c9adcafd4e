import '../../testing/autoCleanup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { RadioGroup } from './RadioGroup';

type Band = 'low' | 'high';

function Harness(props: { error?: string; initial?: Band | '' }) {
  const [value, setValue] = useState<Band | ''>(props.initial ?? '');
  return (
    <>
      <RadioGroup
        legend="Risiko"
        name="risk"
        value={value}
        options={[
          { value: 'low', label: 'Lav' },
          { value: 'high', label: 'Høy' },
        ]}
        onChange={setValue}
        error={props.error}
      />
      <output>{value || 'ingen'}</output>
    </>
  );
}

describe('RadioGroup', () => {
  it('is a group named by its legend, each option a radio named by its label', async () => {
    render(<Harness />);
    const group = screen.getByRole('group', { name: 'Risiko' });
    expect(group).not.toHaveAttribute('aria-describedby');
    expect(screen.getByRole('radio', { name: 'Lav' })).not.toBeChecked();
    await userEvent.click(screen.getByText('Høy'));
    expect(screen.getByRole('radio', { name: 'Høy' })).toBeChecked();
    expect(screen.getByRole('status')).toHaveTextContent('high');
  });

  it('moves the choice with the arrow keys, as native radios do', async () => {
    render(<Harness initial="low" />);
    await userEvent.tab();
    expect(screen.getByRole('radio', { name: 'Lav' })).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: 'Høy' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Høy' })).toHaveFocus();
  });

  it('says its error under the options and ties it to the group', () => {
    render(<Harness error="Velg risiko" />);
    const group = screen.getByRole('group', { name: 'Risiko' });
    expect(group).toHaveAccessibleDescription('Velg risiko');
    expect(screen.getByText('Velg risiko')).toHaveAttribute('id', 'risk-error');
  });
});
