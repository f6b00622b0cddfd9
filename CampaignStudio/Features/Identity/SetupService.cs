using System.ComponentModel.DataAnnotations;
using CampaignStudio.Data;
using CampaignStudio.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Identity;

/// <summary>
/// Creates the first admin of an empty workspace, once. The marker row <see cref="CompletedKey"/> has a unique
/// key, so even two set-ups racing each other cannot both succeed; after it, set-up is closed for good.
/// </summary>
public sealed class SetupService(AppDbContext db, UserManager<AppUser> users, SetupState state, TimeProvider clock)
{
    public const string CompletedKey = "setup.completed";

    public Task<bool> IsCompleteAsync(CancellationToken cancellationToken = default) => state.IsCompleteAsync(cancellationToken);

    public async Task<AppUser> CreateFirstAdminAsync(NewAdmin input, CancellationToken cancellationToken = default)
    {
        Validate(input);
        if (await state.IsCompleteAsync(cancellationToken))
        {
            throw new ConflictException("Set-up is already complete. Sign in, or ask an admin for an account.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // Joins the caller's transaction when there is one (the demo seeder seeds everything or nothing).
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = ownTransaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            db.SystemSettings.Add(new SystemSetting(CompletedKey, now.ToString("O"), now));
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("Set-up is already complete. Sign in, or ask an admin for an account.");
        }

        var admin = new AppUser
        {
            UserName = input.Email.Trim(),
            Email = input.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = input.DisplayName.Trim(),
            CreatedUtc = now,
        };
        IdentityErrors.ThrowIfFailed(await users.CreateAsync(admin, input.Password), nameof(NewAdmin.Password));
        IdentityErrors.ThrowIfFailed(await users.AddToRoleAsync(admin, Roles.Admin), nameof(NewAdmin.Email));
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            state.MarkComplete();
        }

        return admin;
    }

    private static void Validate(NewAdmin input)
    {
        if (ModelValidation.Errors(input) is { Count: > 0 } errors)
        {
            throw new ValidationFailedException(errors);
        }
    }
}

public sealed class NewAdmin
{
    [Required(ErrorMessage = "Enter the admin's name.")]
    [StringLength(200)]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Enter an email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    public string Password { get; set; } = "";
}
