using CampaignStudio.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Demo;

/// <summary>The demo team: one person per role, plus an admin when the workspace has none yet.</summary>
internal sealed class DemoTeamContributor(UserManager<AppUser> users, SetupService setup) : IDemoDataContributor
{
    public static readonly (string Name, string Email, string Role)[] Team =
    [
        ("Asha Verma", "asha.verma@demo.campaignstudio.test", Roles.Admin),
        ("Rohan Mehta", "rohan.mehta@demo.campaignstudio.test", Roles.CampaignManager),
        ("Lena Fischer", "lena.fischer@demo.campaignstudio.test", Roles.CampaignManager),
        ("Daniel Okafor", "daniel.okafor@demo.campaignstudio.test", Roles.Approver),
        ("Mei Lin", "mei.lin@demo.campaignstudio.test", Roles.Analyst),
    ];

    public int Order => 0;

    public string Name => "team members besides the first admin";

    /// <summary>An empty workspace has at most its first admin.</summary>
    public async Task<bool> HasDataAsync(CancellationToken cancellationToken) => await users.Users.CountAsync(cancellationToken) > 1;

    public async Task<string> SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        foreach (var (name, email, role) in Team)
        {
            if (role == Roles.Admin && await setup.IsCompleteAsync(cancellationToken))
            {
                continue;
            }

            if (role == Roles.Admin)
            {
                await setup.CreateFirstAdminAsync(new NewAdmin { DisplayName = name, Email = email, Password = context.Password }, cancellationToken);
            }
            else
            {
                var user = new AppUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true, CreatedUtc = context.NowUtc };
                IdentityErrors.ThrowIfFailed(await users.CreateAsync(user, context.Password), "Email");
                IdentityErrors.ThrowIfFailed(await users.AddToRoleAsync(user, role), "Roles");
            }

            created.Add($"{name} <{email}> ({Roles.Describe(role)})");
        }

        return $"Team: {string.Join("; ", created)}";
    }
}
