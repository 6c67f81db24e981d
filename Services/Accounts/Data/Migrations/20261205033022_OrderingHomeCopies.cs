using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Accounts.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderingHomeCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_accounts_email",
                table: "accounts");

            migrationBuilder.AddColumn<bool>(
                name: "home_copy",
                table: "accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_email",
                table: "accounts",
                column: "email",
                unique: true,
                filter: "deleted = false AND home_copy = false");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_accounts_email",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "home_copy",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_email",
                table: "accounts",
                column: "email",
                unique: true,
                filter: "deleted = false");
        }
    }
}
