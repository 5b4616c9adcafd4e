// "Plan": the patient's monitoring plan, personal plan and SpO2 scale decision, each with
// who, when and why, readable offline, and the forms to change them for those allowed.
import type { ClinicalActor } from '../../../core/actor';
import type { Scale2Change } from '../../../core/news2/scale2Change';
import type { MonitoringPlan } from '../../../core/plan/monitoringPlan';
import type { PersonalPlan } from '../../../core/plan/personalPlan';
import type { PatientView } from '../../../offline/api';
import type { UserRights } from '../../auth/userRights';
import { MonitoringPlanSection } from './MonitoringPlanSection';
import { PersonalPlanSection } from './PersonalPlanSection';
import { Scale2Section } from './Scale2Section';

export interface PlanCommands {
  recordMonitoringPlan(plan: MonitoringPlan): Promise<void>;
  recordPersonalPlan(plan: PersonalPlan): Promise<void>;
  recordScale2Change(change: Scale2Change): Promise<void>;
}

export function PlanScreen(props: {
  patientId: string;
  view: Pick<PatientView, 'plans' | 'planWrites' | 'scale2'>;
  actor: ClinicalActor | undefined;
  rights: UserRights;
  commands: PlanCommands;
  now: () => Date;
  newId: () => string;
}) {
  const { rights } = props;
  return (
    <>
      <h1>Plan og beslutninger</h1>
      <div className="plan-grid">
        <MonitoringPlanSection
          patientId={props.patientId}
          view={props.view}
          actor={props.actor}
          mayWrite={rights.may('monitoring-plan')}
          now={props.now}
          newId={props.newId}
          onSave={(plan) => props.commands.recordMonitoringPlan(plan)}
        />
        <Scale2Section
          patientId={props.patientId}
          view={props.view}
          actor={props.actor}
          mayWrite={rights.may('scale2-decision')}
          rightsKnown={rights.known}
          now={props.now}
          newId={props.newId}
          onSave={(change) => props.commands.recordScale2Change(change)}
        />
        <PersonalPlanSection
          patientId={props.patientId}
          view={props.view}
          actor={props.actor}
          mayWrite={rights.may('personal-plan')}
          rightsKnown={rights.known}
          now={props.now}
          newId={props.newId}
          onSave={(plan) => props.commands.recordPersonalPlan(plan)}
        />
      </div>
    </>
  );
}
