using Microsoft.AspNetCore.Identity;

namespace CampaignStudio.Features.Identity;

/// <summary>Password sign-in with lockout, refusing deactivated accounts with a message that says so.</summary>
public sealed class SignInService(SignInManager<AppUser> signInManager, UserManager<AppUser> users, TimeProvider clock, ILogger<SignInService> logger)
{
    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool remember)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return SignInOutcome.Fail("Wrong email or password.");
        }

        if (!user.IsActive)
        {
            return SignInOutcome.Fail("This account has been deactivated. Ask an admin to reactivate it.");
        }

        if (user.PasswordHash is null)
        {
            return SignInOutcome.Fail("This account has no password yet: open the invitation link you were sent.");
        }

        var result = await signInManager.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            var until = user.LockoutEnd?.ToString("HH:mm 'UTC'") ?? "later";
            return SignInOutcome.Fail($"Too many failed attempts: this account is locked until {until}.");
        }

        if (!result.Succeeded)
        {
            return SignInOutcome.Fail("Wrong email or password.");
        }

        user.LastSignInUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        logger.LogInformation("{Email} signed in", user.Email);
        return SignInOutcome.Success;
    }

    /// <summary>Signs in someone whom an external provider (Entra ID) vouched for; only users an admin created may.</summary>
    public async Task<SignInOutcome> ExternalSignInAsync()
    {
        var info = await signInManager.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return SignInOutcome.Fail("The external sign-in did not complete. Try again.");
        }

        var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        if (user is null)
        {
            var email = info.Principal.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value
                ?? info.Principal.FindFirst("preferred_username")?.Value;
            user = email is null ? null : await users.FindByEmailAsync(email);
            if (user is null)
            {
                return SignInOutcome.Fail("No CampaignStudio account matches your Microsoft account. Ask an admin to invite you.");
            }

            IdentityErrors.ThrowIfFailed(await users.AddLoginAsync(user, info), "Email");
        }

        if (!user.IsActive)
        {
            return SignInOutcome.Fail("This account has been deactivated. Ask an admin to reactivate it.");
        }

        await signInManager.SignInAsync(user, isPersistent: false, info.LoginProvider);
        user.LastSignInUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        return SignInOutcome.Success;
    }

    public async Task<SignInOutcome> AcceptInviteAsync(string userId, string code, string password)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || !user.IsActive)
        {
            return SignInOutcome.Fail("This invitation is not valid any more. Ask an admin for a new one.");
        }

        var reset = await users.ResetPasswordAsync(user, code, password);
        if (!reset.Succeeded)
        {
            return SignInOutcome.Fail(reset.Errors.Any(e => e.Code == "InvalidToken")
                ? "This invitation is not valid any more. Ask an admin for a new one."
                : string.Join(" ", reset.Errors.Select(e => e.Description)));
        }

        user.EmailConfirmed = true;
        user.LastSignInUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await signInManager.SignInAsync(user, isPersistent: false);
        return SignInOutcome.Success;
    }
}

public sealed record SignInOutcome(bool Succeeded, string? Error)
{
    public static SignInOutcome Success { get; } = new(true, null);

    public static SignInOutcome Fail(string error) => new(false, error);
}
