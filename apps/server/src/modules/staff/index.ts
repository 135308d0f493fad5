export { addStaff } from './staff.service.ts';
