/** Tailwind CSS 4 through its PostCSS plugin (no network, no fonts). */
export default {
  plugins: {
    "@tailwindcss/postcss": {},
  },
};
