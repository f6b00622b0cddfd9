using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Shared;

/// <summary>Runs an input model's data annotations and returns the messages per field.</summary>
public static class ModelValidation
{
    public static Dictionary<string, string[]> Errors(object model)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        return results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(member => (Member: member, Message: r.ErrorMessage ?? "Invalid.")))
            .GroupBy(x => x.Member)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray());
    }
}
