import * as pulumi from '@pulumi/pulumi';
import { resolve } from 'path';
import { deployEnvironment } from './labstack';

// `pulumi up` runs this file (package.json "main") in this directory; see docs/pulumi.md.
const labstack = new pulumi.Config('labstack');
const kubernetes = new pulumi.Config('kubernetes');
const deployed = deployEnvironment(
  labstack.require('environment'),
  // Relative to this directory; Pulumi.yaml gives the default, the repository's config/.
  resolve(__dirname, labstack.require('configDir')),
  { context: kubernetes.get('context'), cluster: kubernetes.get('cluster'), kubeconfig: kubernetes.getSecret('kubeconfig') },
);

/** How many Kubernetes objects the stack manages. */
export const objects = deployed.objectCount;
