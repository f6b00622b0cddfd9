using System.ComponentModel.DataAnnotations;
using CampaignStudio.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Identity;

/// <summary>Admins manage the team: create or invite users, assign roles, deactivate and reactivate.</summary>
public sealed class UserAdminService(UserManager<AppUser> users, CurrentUser currentUser, TimeProvider clock, ILogger<UserAdminService> logger)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        var all = await users.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.Email).ToListAsync(cancellationToken);
        var summaries = new List<UserSummary>(all.Count);
        foreach (var user in all)
        {
            summaries.Add(await SummariseAsync(user));
        }

        return summaries;
    }

    /// <summary>
    /// Creates a user. With a password the account is ready; without one it is an invitation, and the returned
    /// link lets the invitee choose a password (valid as long as Identity's token lifespan).
    /// </summary>
    public async Task<CreatedUser> CreateAsync(NewUser input, string acceptInviteBaseUrl, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        ValidateInput(input);
        var user = new AppUser
        {
            UserName = input.Email.Trim(),
            Email = input.Email.Trim(),
            DisplayName = input.DisplayName.Trim(),
            EmailConfirmed = !string.IsNullOrEmpty(input.Password),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };

        var created = string.IsNullOrEmpty(input.Password) ? await users.CreateAsync(user) : await users.CreateAsync(user, input.Password);
        IdentityErrors.ThrowIfFailed(created, nameof(NewUser.Email));
        try
        {
            IdentityErrors.ThrowIfFailed(await users.AddToRolesAsync(user, input.Roles.Distinct()), nameof(NewUser.Roles));
        }
        catch
        {
            await users.DeleteAsync(user);
            throw;
        }

        string? inviteLink = null;
        if (string.IsNullOrEmpty(input.Password))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            inviteLink = $"{acceptInviteBaseUrl.TrimEnd('/')}/account/accept-invite?user={Uri.EscapeDataString(user.Id)}&code={Uri.EscapeDataString(token)}";
        }

        logger.LogInformation("User {Email} created with roles {Roles}", user.Email, string.Join(",", input.Roles));
        return new CreatedUser(await SummariseAsync(user), inviteLink);
    }

    public async Task<UserSummary> SetRolesAsync(string userId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.Administer);
        if (roles.Count == 0)
        {
            throw ValidationFailedException.For(nameof(NewUser.Roles), "Give the user at least one role.");
        }

        if (roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown)
        {
            throw ValidationFailedException.For(nameof(NewUser.Roles), $"'{unknown}' is not a role. Roles are {string.Join(", ", Roles.All.Select(r => r.Name))}.");
        }

        var user = await FindAsync(userId);
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin))
        {
            if (user.Id == actor.Id)
            {
                throw new DomainException("You cannot remove your own Admin role; ask another admin.");
            }

            await EnsureAnotherActiveAdminAsync(user);
        }

        IdentityErrors.ThrowIfFailed(await users.RemoveFromRolesAsync(user, current.Except(roles)), nameof(NewUser.Roles));
        IdentityErrors.ThrowIfFailed(await users.AddToRolesAsync(user, roles.Except(current)), nameof(NewUser.Roles));
        // A new stamp makes open sessions pick up the new roles at their next revalidation.
        await users.UpdateSecurityStampAsync(user);
        return await SummariseAsync(user);
    }

    /// <summary>Refuses sign-in from now on; the user's open circuits lose access at their next revalidation.</summary>
    public async Task<UserSummary> DeactivateAsync(string userId, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.Administer);
        var user = await FindAsync(userId);
        if (user.Id == actor.Id)
        {
            throw new DomainException("You cannot deactivate your own account.");
        }

        if (!user.IsActive)
        {
            throw new DomainException($"{user.DisplayName} is already deactivated.");
        }

        if (await users.IsInRoleAsync(user, Roles.Admin))
        {
            await EnsureAnotherActiveAdminAsync(user);
        }

        user.IsActive = false;
        user.DeactivatedUtc = clock.GetUtcNow().UtcDateTime;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        IdentityErrors.ThrowIfFailed(await users.UpdateAsync(user), "User");
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("User {Email} deactivated by {Actor}", user.Email, actor.Name);
        return await SummariseAsync(user);
    }

    public async Task<UserSummary> ReactivateAsync(string userId, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        var user = await FindAsync(userId);
        if (user.IsActive)
        {
            throw new DomainException($"{user.DisplayName} is already active.");
        }

        user.IsActive = true;
        user.DeactivatedUtc = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        IdentityErrors.ThrowIfFailed(await users.UpdateAsync(user), "User");
        return await SummariseAsync(user);
    }

    private async Task EnsureAnotherActiveAdminAsync(AppUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!admins.Any(a => a.Id != user.Id && a.IsActive))
        {
            throw new DomainException($"{user.DisplayName} is the last active admin; make someone else an admin first.");
        }
    }

    private async Task<AppUser> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw new NotFoundException("That user does not exist.");

    private async Task<UserSummary> SummariseAsync(AppUser user) => new(
        user.Id,
        user.Email ?? "",
        user.DisplayName,
        [.. (await users.GetRolesAsync(user)).Order()],
        user.IsActive,
        user.IsActive && user.LockoutEnd > clock.GetUtcNow(),
        !user.EmailConfirmed && user.PasswordHash is null,
        user.CreatedUtc,
        user.LastSignInUtc);

    private static void ValidateInput(NewUser input)
    {
        var errors = ModelValidation.Errors(input);

        if (input.Roles.Count == 0)
        {
            errors[nameof(NewUser.Roles)] = ["Give the user at least one role."];
        }
        else if (input.Roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown)
        {
            errors[nameof(NewUser.Roles)] = [$"'{unknown}' is not a role. Roles are {string.Join(", ", Roles.All.Select(r => r.Name))}."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }
}

public sealed class NewUser
{
    [Required(ErrorMessage = "Enter the user's name.")]
    [StringLength(200)]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Enter an email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    public string Email { get; set; } = "";

    /// <summary>Empty: send an invitation link instead.</summary>
    public string? Password { get; set; }

    public List<string> Roles { get; set; } = [];
}

public sealed record UserSummary(
    string Id,
    string Email,
    string DisplayName,
    IReadOnlyList<string> Roles,
    bool IsActive,
    bool IsLockedOut,
    bool IsInvitationPending,
    DateTime CreatedUtc,
    DateTime? LastSignInUtc);

public sealed record CreatedUser(UserSummary User, string? InviteLink);
