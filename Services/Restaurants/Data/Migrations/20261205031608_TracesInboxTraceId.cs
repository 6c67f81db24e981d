using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Restaurants.Data.Migrations
{
    /// <inheritdoc />
    public partial class TracesInboxTraceId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_id",
                table: "sync_inbox",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_id",
                table: "sync_inbox");
        }
    }
}
