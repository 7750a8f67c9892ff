/**
 * Who an object belongs to, rendered as the app.kubernetes.io labels every object carries.
 *
 * `system` is the application (open-pectus), `instance` one installation of it
 * (open-pectus-prd) and `component` the part (aggregator, backup).
 */
export class Identity {
  /** The identity of one instance of a system; components are derived with `component()`. */
  public static of(system: string, instance: string = system): Identity {
    return new Identity(system, instance, undefined);
  }

  private constructor(
    public readonly system: string,
    public readonly instance: string,
    public readonly componentName: string | undefined,
  ) {}

  /** The identity of a component of this instance. */
  public component(name: string): Identity {
    return new Identity(this.system, this.instance, name);
  }

  /** Labels for metadata: name, instance, component, part-of and managed-by. */
  public get labels(): Record<string, string> {
    return {
      ...this.selector,
      'app.kubernetes.io/part-of': 'labstack',
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
  }

  /** The subset of labels that selects this component's pods; stable across releases. */
  public get selector(): Record<string, string> {
    return {
      'app.kubernetes.io/name': this.system,
      'app.kubernetes.io/instance': this.instance,
      ...(this.componentName ? { 'app.kubernetes.io/component': this.componentName } : {}),
    };
  }
}
