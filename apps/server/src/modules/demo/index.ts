export { seedDemo, demoWalkthrough, DEMO_ADMIN_EMAIL, DEMO_VERIFIER_EMAIL, DEMO_REGISTRY, DEMO_TERMS_VERSION, type DemoSummary, type DemoRegistryEntry } from './demo.service.ts';
