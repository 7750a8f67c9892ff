import { k8s } from 'cdk8s-plus-27';

/** A Pod Security Standard level, as used in namespace labels. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/**
 * The Pod Security Standard a workload runs under, and the security contexts that satisfy it.
 *
 * `restricted` is the default for every LabStack workload; `baseline` exists for upstream
 * images that cannot run that way, and must say why, so the reason stands next to the code.
 */
export class PodSecurity {
  /**
   * Non-root with a fixed uid, no privilege escalation, no capabilities, RuntimeDefault seccomp,
   * read-only root file system. `fsGroup` makes mounted volumes writable for that uid.
   */
  public static restricted(options: { readonly uid: number; readonly gid?: number }): PodSecurity {
    return new PodSecurity('restricted', options.uid, options.gid ?? options.uid, undefined);
  }

  /** For images that need root or capabilities; `reason` is rendered as an annotation. */
  public static baseline(options: { readonly reason: string }): PodSecurity {
    return new PodSecurity('baseline', undefined, undefined, options.reason);
  }

  /**
   * For node agents that read the host through read-only hostPath volumes, which only the
   * privileged level admits. Everything else is as under `restricted`: a non-root uid, no
   * capabilities, no privilege escalation, a read-only root file system.
   */
  public static hostReader(options: { readonly uid: number; readonly reason: string }): PodSecurity {
    return new PodSecurity('privileged', options.uid, options.uid, options.reason);
  }

  private constructor(
    public readonly level: PodSecurityLevel,
    public readonly uid: number | undefined,
    public readonly gid: number | undefined,
    public readonly reason: string | undefined,
  ) {}

  /** The pod-level security context. */
  public podSecurityContext(): k8s.PodSecurityContext {
    const seccompProfile = { type: 'RuntimeDefault' };
    if (this.level === 'baseline') return { seccompProfile };
    if (this.level === 'privileged') return { runAsNonRoot: true, runAsUser: this.uid, runAsGroup: this.gid, seccompProfile };
    return {
      runAsNonRoot: true,
      runAsUser: this.uid,
      runAsGroup: this.gid,
      fsGroup: this.gid,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile,
    };
  }

  /** The container-level security context. */
  public containerSecurityContext(): k8s.SecurityContext {
    if (this.level === 'baseline') return { allowPrivilegeEscalation: false };
    if (this.level === 'privileged') return { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
    return {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    };
  }

  /** Annotations recording why a workload is not restricted; empty for restricted ones. */
  public annotations(): Record<string, string> {
    return this.reason ? { 'labstack.io/pod-security-reason': this.reason } : {};
  }
}
