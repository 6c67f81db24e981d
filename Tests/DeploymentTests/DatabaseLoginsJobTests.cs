using FoodDelivery.ManifestToKubernetes.Kubernetes;
using k8s.Models;

namespace FoodDelivery.DeploymentTests;

/// <summary>
/// The Job that applies the database logins, in every layout: it runs the database's own init script with the
/// Secret's passwords, and it is named after the Secret, so a changed password makes a new Job that runs (a Job's pod
/// template is immutable: the same name with another Secret would be refused by <c>kubectl apply</c>, and never run).
/// </summary>
public sealed class DatabaseLoginsJobTests(LayoutBuilds builds) : IClassFixture<LayoutBuilds>
{
    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void The_logins_job_runs_the_init_script_and_is_named_after_the_secret_it_applies(string layout)
    {
        var build = builds[layout];
        var job = Assert.Single(build.Objects.OfType<V1Job>());
        var secret = Assert.Single(build.Objects.OfType<V1Secret>(), s => s.Name().StartsWith(DeploymentConventions.SecretName, StringComparison.Ordinal));
        Assert.StartsWith($"{DeploymentConventions.SecretName}-", secret.Name(), StringComparison.Ordinal); // kustomize's content hash
        Assert.Equal(secret.Name(), job.Name());
        Assert.Equal(DatabaseLoginsJob.Name, job.Metadata.Labels[DeploymentConventions.NameLabel]);
        Assert.True(job.Name().Length <= 63, "a Job's name becomes a label value");

        var pod = job.Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.Equal(DatabaseLoginsJob.Command, container.Command);
        var scripts = pod.Volumes.Single(v => v.ConfigMap is not null);
        Assert.Equal("postgres-initdb", scripts.ConfigMap.Name);
        Assert.Equal("/docker-entrypoint-initdb.d", container.VolumeMounts.Single(m => m.Name == scripts.Name).MountPath);
        var passwords = container.Env.Where(e => e.Name.StartsWith("FD_PASSWORD_", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, passwords.Count);
        Assert.All(passwords, p => Assert.Equal(secret.Name(), p.ValueFrom.SecretKeyRef.Name));
        Assert.Equal("OnFailure", pod.RestartPolicy);

        // It reaches the database (the single server or CNPG's instances, which carry its name) and nothing else.
        var model = new NetworkPolicyModel(build.Objects.OfType<V1NetworkPolicy>().ToList(), DeploymentConventions.DefaultNamespace);
        var jobPod = new NetworkPolicyModel.Pod(DeploymentConventions.DefaultNamespace, job.Spec.Template.Metadata.Labels);
        NetworkPolicyModel.Pod Server(string name) => new(DeploymentConventions.DefaultNamespace, new Dictionary<string, string>
        {
            [DeploymentConventions.NameLabel] = name, [DeploymentConventions.ComponentLabel] = DeploymentConventions.ServerComponent, ["cnpg.io/cluster"] = name,
        });
        Assert.True(model.Allows(jobPod, Server("postgres"), 5432), "the logins Job to the database");
        Assert.False(model.Allows(jobPod, Server("messaging"), 5672), "the logins Job to the broker");
    }

    [Theory]
    [MemberData(nameof(Layouts.All), MemberType = typeof(Layouts))]
    public void A_changed_login_password_makes_a_new_job(string layout)
    {
        var before = Assert.Single(builds[layout].Objects.OfType<V1Job>()).Name();
        using var changed = Layouts.Build(layout, new Dictionary<string, string> { ["ordersdb-password"] = "AnotherPassword1" });
        var after = Assert.Single(changed.Objects.OfType<V1Job>()).Name();
        Assert.NotEqual(before, after);
        Assert.Equal(Assert.Single(changed.Objects.OfType<V1Secret>(), s => s.Name().StartsWith(DeploymentConventions.SecretName, StringComparison.Ordinal)).Name(), after);
    }
}
