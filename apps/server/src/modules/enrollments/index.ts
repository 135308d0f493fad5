export { enrollmentRoutes } from './enrollments.routes.ts';
export { transitionEnrollment, ENROLLMENT_AUDIT_ACTION, type EnrollmentTransitionInput, type EnrollmentTransitionResult, type TimelineActor } from './enrollments.transition.ts';
export { getEnrollment, createEnrollment, submitEnrollment, findEnrollments, type EnrollmentView } from './enrollments.service.ts';
export { EnrollmentSchema } from './enrollments.schemas.ts';
