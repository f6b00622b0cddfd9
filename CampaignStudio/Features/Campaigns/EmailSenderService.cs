using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Campaigns;

/// <summary>The email senders campaigns choose from. Everyone who reads may list them (the wizard needs them); only admins change them.</summary>
public sealed class EmailSenderService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<IReadOnlyList<EmailSenderInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var senders = await db.EmailSenders.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return [.. senders.Select(Info)];
    }

    public async Task<EmailSenderInfo> CreateAsync(EmailSenderInput input, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sender = new EmailSender(input.Name ?? "", input.Address ?? "", input.DefaultReplyTo, input.IsVerified, clock.GetUtcNow().UtcDateTime);
        await EnsureUniqueAsync(db, sender, cancellationToken);
        db.EmailSenders.Add(sender);
        await db.SaveChangesAsync(cancellationToken);
        return Info(sender);
    }

    public async Task<EmailSenderInfo> UpdateAsync(int id, EmailSenderInput input, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sender = await db.EmailSenders.FindAsync([id], cancellationToken) ?? throw NotFound(id);
        sender.Update(input.Name ?? "", input.Address ?? "", input.DefaultReplyTo, input.IsVerified, clock.GetUtcNow().UtcDateTime);
        await EnsureUniqueAsync(db, sender, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Info(sender);
    }

    /// <summary>Deletes a sender no campaign uses.</summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sender = await db.EmailSenders.FindAsync([id], cancellationToken) ?? throw NotFound(id);
        var users = await db.Campaigns.Where(c => c.EmailSenderId == id).OrderBy(c => c.Id).Select(c => c.Name).Take(3).ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            throw new ConflictException($"The sender {sender.Name} is used by campaigns ({string.Join(", ", users.Select(n => $"'{n}'"))}{(users.Count == 3 ? ", …" : "")}); choose another sender there first.");
        }

        db.EmailSenders.Remove(sender);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task EnsureUniqueAsync(AppDbContext db, EmailSender sender, CancellationToken cancellationToken)
    {
        var others = await db.EmailSenders.AsNoTracking().Where(s => s.Id != sender.Id).Select(s => s.Name).ToListAsync(cancellationToken);
        if (others.Any(n => string.Equals(n, sender.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw ValidationFailedException.For("name", $"There is already a sender named '{sender.Name}'.");
        }
    }

    private static NotFoundException NotFound(int id) => new($"There is no email sender {id.ToString(CultureInfo.InvariantCulture)}.");

    private static EmailSenderInfo Info(EmailSender s) => new(s.Id, s.Name, s.Address, s.DefaultReplyTo, s.IsVerified);
}

public sealed class EmailSenderInput
{
    public string? Name { get; set; }

    public string? Address { get; set; }

    public string? DefaultReplyTo { get; set; }

    public bool IsVerified { get; set; }
}

public sealed record EmailSenderInfo(int Id, string Name, string Address, string? DefaultReplyTo, bool IsVerified);
