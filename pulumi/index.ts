import * as pulumi from '@pulumi/pulumi';
import { join } from 'path';
import { deployEnvironment } from './labstack';

// `pulumi up` in this directory deploys the environment named by the stack's labstack:environment.
const config = new pulumi.Config('labstack');
const deployed = deployEnvironment(config.require('environment'), join(__dirname, '..', 'config'));

/** How many Kubernetes objects the stack manages. */
export const objects = deployed.objectCount;
