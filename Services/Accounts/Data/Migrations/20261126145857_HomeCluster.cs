using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Accounts.Data.Migrations
{
    /// <inheritdoc />
    public partial class HomeCluster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "home_cluster",
                table: "accounts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "home_cluster",
                table: "accounts");
        }
    }
}
