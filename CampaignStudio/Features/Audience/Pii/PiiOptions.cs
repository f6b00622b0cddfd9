using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Audience.Pii;

/// <summary>
/// Keys for contact PII (emails, phone numbers, push tokens), bound from the <c>Pii</c> section. In production set
/// both from a secret store (environment variables or user-secrets); when absent, keys are generated once and kept
/// in the database, wrapped by ASP.NET Core Data Protection.
/// </summary>
public sealed class PiiOptions
{
    public const string SectionName = "Pii";

    /// <summary>Base64 of 32 random bytes: the AES-256-GCM key that encrypts PII at rest.</summary>
    [Base64Key]
    public string? EncryptionKey { get; set; }

    /// <summary>Base64 of 32 random bytes: the HMAC-SHA256 key of the blind index. Never change it once data exists.</summary>
    [Base64Key]
    public string? BlindIndexKey { get; set; }
}

/// <summary>Valid when empty, or base64 of exactly 32 bytes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class Base64KeyAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        if (value is not string text || text.Length == 0)
        {
            return ValidationResult.Success;
        }

        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(text, buffer, out var written) && written == 32
            ? ValidationResult.Success
            : new ValidationResult($"Pii:{context.MemberName} must be base64 of 32 random bytes (e.g. `openssl rand -base64 32`).", [context.MemberName ?? ""]);
    }
}
