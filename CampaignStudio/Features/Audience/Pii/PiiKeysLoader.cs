using CampaignStudio.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Audience.Pii;

/// <summary>Resolves <see cref="PiiKeys"/> once, on first use (after migrations have run).</summary>
internal sealed class PiiKeysLoader(IOptions<PiiOptions> options, IDbContextFactory<AppDbContext> contexts, IDataProtectionProvider protection, TimeProvider clock)
{
    public PiiKeys Load() => PiiKeys.Load(options, contexts, protection, clock);
}
