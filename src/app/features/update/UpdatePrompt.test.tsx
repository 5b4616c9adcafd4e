import '../../testing/autoCleanup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { UpdatePromptView } from './UpdatePrompt';

describe('update prompt', () => {
  it('offers the update and reloads only on consent', async () => {
    const onUpdate = vi.fn();
    render(<UpdatePromptView dirty={false} securityUpdate={false} onUpdate={onUpdate} />);
    expect(screen.getByRole('status')).toHaveTextContent('Ny versjon er klar');
    expect(onUpdate).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Oppdater' }));
    expect(onUpdate).toHaveBeenCalledOnce();
  });

  it('will not reload while a form holds unsaved input', () => {
    render(<UpdatePromptView dirty securityUpdate onUpdate={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Oppdater' })).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Lagre eller forkast målingen');
  });
});
