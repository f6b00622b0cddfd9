using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>Refuses a <see cref="DeliveryOptions.Redis"/> connection string that does not parse or names no server, at start-up.</summary>
public sealed class RedisOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return ValidateOptionsResult.Success;
        }

        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(options.Redis);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The message names the offending part; the whole string is not repeated, it may hold a password.
            return ValidateOptionsResult.Fail($"{DeliveryOptions.SectionName}:Redis is not a valid Redis connection string: {e.Message}");
        }

        return parsed.EndPoints.Count == 0
            ? ValidateOptionsResult.Fail($"{DeliveryOptions.SectionName}:Redis names no server (expected host:port, e.g. redis.internal:6379).")
            : ValidateOptionsResult.Success;
    }
}
