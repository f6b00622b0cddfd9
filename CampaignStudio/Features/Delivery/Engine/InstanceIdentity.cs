using System.Globalization;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>The name this app instance claims ledger rows under (configured, or machine name and process id).</summary>
public sealed class InstanceIdentity(IOptions<DeliveryOptions> options)
{
    public string Name { get; } = options.Value.InstanceName
        ?? $"{Environment.MachineName}:{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
}
