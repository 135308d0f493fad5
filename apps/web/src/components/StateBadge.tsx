import { Badge } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import {
  CheckmarkCircleRegular,
  ClockRegular,
  DismissCircleRegular,
  DocumentEditRegular,
  QuestionCircleRegular,
  ShieldCheckmarkRegular,
  SearchRegular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useLabels } from './labels.ts';

type Color = NonNullable<BadgeProps['color']>;

const LOOK: Record<string, { color: Color; icon: ReactElement }> = {
  // Enrollment
  DRAFT: { color: 'informative', icon: <DocumentEditRegular /> },
  SUBMITTED: { color: 'brand', icon: <SearchRegular /> },
  INFORMATION_REQUESTED: { color: 'warning', icon: <QuestionCircleRegular /> },
  QUALIFIED: { color: 'brand', icon: <ShieldCheckmarkRegular /> },
  ACTIVE: { color: 'success', icon: <CheckmarkCircleRegular /> },
  REJECTED: { color: 'danger', icon: <DismissCircleRegular /> },
  RESTRICTED: { color: 'warning', icon: <DismissCircleRegular /> },
  // Verification case
  OPEN: { color: 'informative', icon: <ClockRegular /> },
  IN_REVIEW: { color: 'brand', icon: <SearchRegular /> },
  APPROVED: { color: 'success', icon: <CheckmarkCircleRegular /> },
  // Checks
  PASSED: { color: 'success', icon: <CheckmarkCircleRegular /> },
  FAILED: { color: 'danger', icon: <DismissCircleRegular /> },
  PENDING: { color: 'informative', icon: <ClockRegular /> },
};

/**
 * A state as a colored badge with an icon (so it does not rely on color alone), labelled from
 * `<ns>:<group>.<STATE>` in the UI language.
 */
export function StateBadge({ state, labelKey, size = 'medium' }: { state: string; labelKey: string; size?: BadgeProps['size'] }) {
  const labels = useLabels();
  const look = LOOK[state] ?? { color: 'informative' as Color, icon: <ClockRegular /> };
  return (
    <Badge appearance="tint" color={look.color} icon={look.icon} size={size} data-state={state} style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
      {labels.code(`${labelKey}.${state}`)}
    </Badge>
  );
}
